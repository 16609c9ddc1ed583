// The `inventory` table as the menu repository, and the `photos` table for dish photos.
import type { Database } from 'better-sqlite3';
import type { DishPhoto, MenuItem, NewMenuItem, OptionGroup } from '../../domain/menu.js';
import type { MenuRepository, PhotoRepository } from '../../ports/store.js';
import type { SqliteRunner } from './group-commit.js';
import { newDocumentId } from './ids.js';

interface InventoryRow {
  id: string;
  name: string;
  price: number;
  description: string;
  category: string;
  available: 0 | 1;
  position: number;
  options: string;
  tags: string;
  allergens: string;
  photo: string | null;
  created_at: number | null;
  updated_at: number | null;
}

const COLUMNS =
  'id, name, price, description, category, available, position, options, tags, allergens, photo, created_at, updated_at';
const MENU_ORDER = 'ORDER BY position, name, id';

function toMenuItem(row: InventoryRow): MenuItem {
  return {
    id: row.id,
    name: row.name,
    price: row.price,
    description: row.description,
    category: row.category,
    available: row.available === 1,
    position: row.position,
    options: JSON.parse(row.options) as OptionGroup[],
    tags: JSON.parse(row.tags) as string[],
    allergens: JSON.parse(row.allergens) as string[],
    photo: row.photo === null ? null : (JSON.parse(row.photo) as DishPhoto),
    createdAt: row.created_at === null ? null : new Date(row.created_at),
    updatedAt: row.updated_at === null ? null : new Date(row.updated_at),
  };
}

/** A dish's own columns, as a new or replaced row writes them (its photo is set on its own). */
function dishColumns(item: NewMenuItem) {
  return {
    name: item.name,
    price: item.price,
    description: item.description,
    category: item.category,
    available: item.available ? (1 as const) : (0 as const),
    position: item.position,
    options: JSON.stringify(item.options),
    tags: JSON.stringify(item.tags),
    allergens: JSON.stringify(item.allergens),
  };
}

export function createSqliteMenuRepository(db: Database, sql: SqliteRunner): MenuRepository {
  const listAll = db.prepare<[], InventoryRow>(`SELECT ${COLUMNS} FROM inventory ${MENU_ORDER}`);
  const listAvailable = db.prepare<[], InventoryRow>(
    `SELECT ${COLUMNS} FROM inventory WHERE available = 1 ${MENU_ORDER}`,
  );
  const byId = db.prepare<[string], InventoryRow>(`SELECT ${COLUMNS} FROM inventory WHERE id = ?`);
  const insert = db.prepare(
    `INSERT INTO inventory (${COLUMNS})
     VALUES (@id, @name, @price, @description, @category, @available, @position, @options, @tags,
             @allergens, @photo, @created_at, @updated_at)`,
  );
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM inventory');
  const replace = db.prepare(
    `UPDATE inventory SET name = @name, price = @price, description = @description, category = @category,
     available = @available, position = @position, options = @options, tags = @tags,
     allergens = @allergens, updated_at = @updated_at WHERE id = @id`,
  );
  const remove = db.prepare('DELETE FROM inventory WHERE id = ?');
  const setAvailable = db.prepare('UPDATE inventory SET available = ?, updated_at = ? WHERE id = ?');
  const move = db.prepare(
    'UPDATE inventory SET position = @position, category = COALESCE(@category, category), updated_at = @at WHERE id = @id',
  );
  const setPhoto = db.prepare('UPDATE inventory SET photo = ?, updated_at = ? WHERE id = ?');
  const upsert = db.prepare(
    `INSERT INTO inventory (${COLUMNS})
     VALUES (@id, @name, @price, @description, @category, @available, @position, @options, @tags,
             @allergens, @photo, @created_at, @updated_at)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, price = excluded.price,
       description = excluded.description, category = excluded.category, available = excluded.available,
       position = excluded.position, options = excluded.options, tags = excluded.tags,
       allergens = excluded.allergens, photo = excluded.photo, updated_at = excluded.updated_at`,
  );

  return {
    list: ({ availableOnly }) =>
      sql.read('menu.list', () => (availableOnly ? listAvailable : listAll).all().map(toMenuItem)),

    get: ({ id }) =>
      sql.read('menu.get', () => {
        const row = byId.get(id);
        return row ? toMenuItem(row) : null;
      }),

    add: ({ item, at, id, photo }) =>
      sql.write('menu.add', () => {
        const row: InventoryRow = {
          id: id ?? newDocumentId(at),
          ...dishColumns(item),
          photo: photo ? JSON.stringify(photo) : null,
          created_at: at.getTime(),
          updated_at: at.getTime(),
        };
        insert.run(row);
        return toMenuItem(row);
      }),

    count: () => sql.read('menu.count', () => count.get()?.n ?? 0),

    replace: ({ id, item, at }) =>
      sql.write('menu.replace', () => {
        const changed = replace.run({ id, ...dishColumns(item), updated_at: at.getTime() }).changes;
        const row = changed === 1 ? byId.get(id) : undefined;
        return row ? toMenuItem(row) : null;
      }),

    remove: ({ id }) => sql.write('menu.remove', () => remove.run(id).changes === 1),

    setAvailability: ({ ids, available, at }) =>
      sql.write('menu.setAvailability', () =>
        ids.reduce((n, id) => n + setAvailable.run(available ? 1 : 0, at.getTime(), id).changes, 0),
      ),

    arrange: ({ moves, at }) =>
      sql.write('menu.arrange', () => {
        for (const { id, position, category } of moves) {
          move.run({ id, position, category: category ?? null, at: at.getTime() });
        }
      }),

    upsertMany: ({ dishes, at }) =>
      // One write, so one transaction: all the dishes or none.
      sql.write('menu.upsertMany', () => {
        for (const { id, item, photo } of dishes) {
          upsert.run({
            id,
            ...dishColumns(item),
            photo: photo ? JSON.stringify(photo) : null,
            created_at: at.getTime(),
            updated_at: at.getTime(),
          });
        }
      }),

    setPhoto: ({ id, photo, at }) =>
      sql.write('menu.setPhoto', () => {
        const changed = setPhoto.run(photo ? JSON.stringify(photo) : null, at.getTime(), id).changes;
        const row = changed === 1 ? byId.get(id) : undefined;
        return row ? toMenuItem(row) : null;
      }),
  };
}

export function createSqlitePhotoRepository(db: Database, sql: SqliteRunner): PhotoRepository {
  const insert = db.prepare(
    'INSERT INTO photos (name, content_type, bytes, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING',
  );
  const byName = db.prepare<[string], { content_type: string; bytes: Buffer }>(
    'SELECT content_type, bytes FROM photos WHERE name = ?',
  );
  return {
    put: ({ name, contentType, bytes, at }) =>
      sql.write('photos.put', () => {
        insert.run(name, contentType, bytes, at.getTime());
      }),
    get: ({ name }) =>
      sql.read('photos.get', () => {
        const row = byName.get(name);
        return row ? { contentType: row.content_type, bytes: row.bytes } : null;
      }),
  };
}
