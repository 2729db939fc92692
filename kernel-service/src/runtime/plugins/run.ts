import { runLoop, type LoopOptions, type Outcome } from '../loop.js';
import { PluginHost, type PluginHostOptions } from './bridge.js';

/**
 * A run with its plugins: start them (their tools join `registry`), run the loop, stop them
 * whatever happens. Plugins are children of the runtime, in its sandbox; they end with the run.
 */
export async function runWithPlugins(
  o: Omit<LoopOptions, 'pluginFailures'>,
  pluginOptions: Partial<PluginHostOptions> = {},
): Promise<Outcome> {
  const { host, failures } = await PluginHost.start(o.run.plugins ?? [], o.registry, { cwd: o.home, ...pluginOptions });
  try {
    return await runLoop({ ...o, pluginFailures: failures });
  } finally {
    await host.stop();
  }
}
