// Vitest's asymmetric matchers typed `unknown` (Vitest says `any`), so the objects holding them stay type-checked.
import { expect } from 'vitest';

export const aString = (): unknown => expect.any(String);
export const aNumber = (): unknown => expect.any(Number);
export const aDate = (): unknown => expect.any(Date);
export const textMatching = (pattern: RegExp): unknown => expect.stringMatching(pattern);
export const textContaining = (text: string): unknown => expect.stringContaining(text);
export const objectWith = (fields: object): unknown => expect.objectContaining(fields);
