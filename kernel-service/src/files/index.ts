export { HomeFiles, pathComponents, DEFAULT_CONTENT_CAP, type FileEntry, type Listing, type FileContent } from './home-files.js';
