export { openDatabase, schemaVersion, type Db } from './database.js';
export { migrations, type Migration } from './migrations.js';
