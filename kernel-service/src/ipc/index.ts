/** IPC: mailboxes per agent and process, topics, request/reply; persisted in the kernel's database. */
export { IpcService, type IpcServiceDeps, type PublishResult } from './service.js';
export { ipcInboxSource, describe as describeMessage } from './inbox-source.js';
export { ipcSocketRoutes } from './socket-routes.js';
export { MessageBody, messageToWire, addressOf, SendBody, TopicName, Text } from './wire.js';
export type { Message, Sender, Address, IpcLimits, MessageKind } from './types.js';
export type { Topic } from './topics.js';
