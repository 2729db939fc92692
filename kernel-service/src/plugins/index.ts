export { checkPlugins, isPluginEntry } from './validate.js';
export { pluginRoutes } from './routes.js';
