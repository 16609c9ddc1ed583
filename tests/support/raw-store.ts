// Everything a store holds, read raw (every row of every table, every document of every
// collection) as one text to search: what an erased person must not be found in.
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import type { TestDatabase } from './test-store.js';

/** Every stored row or document, as JSON lines (binary columns, photos, left out). */
export async function everythingStored(database: TestDatabase): Promise<string> {
  const file = database.env.SQLITE_FILE;
  if (file) {
    const db = new Database(file, { readonly: true });
    try {
      const tables = db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((table) => table.name);
      return tables
        .flatMap((table) => db.prepare(`SELECT * FROM "${table}"`).all())
        .map((row) =>
          JSON.stringify(row, (_key, value: unknown) => (Buffer.isBuffer(value) ? '<bytes>' : value)),
        )
        .join('\n');
    } finally {
      db.close();
    }
  }
  const client = await new MongoClient(database.env.MONGODB_URI ?? '').connect();
  try {
    const db = client.db(database.env.MONGODB_DB);
    const lines: string[] = [];
    for (const { name } of await db.listCollections().toArray()) {
      for (const doc of await db.collection(name).find().toArray()) lines.push(JSON.stringify(doc));
    }
    return lines.join('\n');
  } finally {
    await client.close();
  }
}
