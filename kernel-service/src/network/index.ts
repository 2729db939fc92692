/** Egress networking: per-process namespaces, policies in nftables, the kernel's resolver, published ports. */
export { EgressNetworks, type EgressOptions, type NetnsAttachment } from './manager.js';
export { validatePolicy, judgeName, domainMatches, policyInput, type EgressPolicy, type EgressPolicyInput } from './policy.js';
export { baseScript, agentScript, removeScript } from './nft.js';
export { renderNetworkMetrics, type NetworkFigures } from './figures.js';
export { networkRoutes } from './routes.js';
export { Slots } from './names.js';
export { HostCommands } from './netns.js';
