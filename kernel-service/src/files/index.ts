export { HomeFiles, pathComponents, DEFAULT_CONTENT_CAP, type FileEntry, type Listing, type FileContent } from './home-files.js';
export { at, deleteAt, openDirAt, openHome, splitTarget, symlinkAt, writeFileAt } from './home-write.js';
export { extractTree, packTree, rawFile } from './archive.js';
