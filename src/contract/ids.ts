// Ids of stored documents (dishes, accounts, orders): 24 lowercase hex digits, a MongoDB ObjectId
// as text, the shape the SQLite store makes too. The one definition of that shape, for the API,
// the web app and the server alike.
export const DOCUMENT_ID_PATTERN = '[0-9a-f]{24}';

const WHOLE = new RegExp(`^${DOCUMENT_ID_PATTERN}$`);
export const isDocumentId = (id: string): boolean => WHOLE.test(id);
