import type { FastifyPluginAsync } from 'fastify';

/**
 * Marks a plugin so that its hooks, decorators and handlers apply to the whole app rather than
 * to a child scope: the `skip-override` flag that fastify-plugin sets, without the extra dependency.
 */
export function sharedScope<Options extends Record<string, unknown>>(plugin: FastifyPluginAsync<Options>): FastifyPluginAsync<Options> {
  Object.assign(plugin, { [Symbol.for('skip-override')]: true });
  return plugin;
}
