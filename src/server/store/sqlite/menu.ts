// The `inventory` table as the menu repository.
import type { Database } from 'better-sqlite3';
import type { MenuItem, NewMenuItem } from '../../domain/menu.js';
import type { MenuRepository } from '../../ports/store.js';
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
  created_at: number | null;
  updated_at: number | null;
}

const COLUMNS = 'id, name, price, description, category, available, position, created_at, updated_at';
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
    createdAt: row.created_at === null ? null : new Date(row.created_at),
    updatedAt: row.updated_at === null ? null : new Date(row.updated_at),
  };
}

/** A dish's own columns, as a new or replaced row writes them. */
function dishColumns(item: NewMenuItem) {
  return {
    name: item.name,
    price: item.price,
    description: item.description,
    category: item.category,
    available: item.available ? (1 as const) : (0 as const),
    position: item.position,
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
     VALUES (@id, @name, @price, @description, @category, @available, @position, @created_at, @updated_at)`,
  );
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM inventory');
  const replace = db.prepare(
    `UPDATE inventory SET name = @name, price = @price, description = @description, category = @category,
     available = @available, position = @position, updated_at = @updated_at WHERE id = @id`,
  );
  const remove = db.prepare('DELETE FROM inventory WHERE id = ?');

  return {
    list: ({ availableOnly }) =>
      sql.read('menu.list', () => (availableOnly ? listAvailable : listAll).all().map(toMenuItem)),

    get: ({ id }) =>
      sql.read('menu.get', () => {
        const row = byId.get(id);
        return row ? toMenuItem(row) : null;
      }),

    add: ({ item, at, id }) =>
      sql.write('menu.add', () => {
        const row: InventoryRow = {
          id: id ?? newDocumentId(at),
          ...dishColumns(item),
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
  };
}
