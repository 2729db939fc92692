export { AetherError, isAetherError } from './aether-error.js';
export { errorCatalogue, type ErrorCode } from './catalogue.js';
