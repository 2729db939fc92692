export { loadConfig, envName, DEFAULT_CONFIG_FILE } from './load.js';
export { ConfigSchema, ByteSize, type Config } from './schema.js';
