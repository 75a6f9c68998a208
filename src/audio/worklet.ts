/**
 * AudioWorklet modules are added once per context (as Tone's ToneAudioWorklet does): a second
 * `addModule` of the same file evaluates it again, and its second `registerProcessor` fails.
 */
const loaded = new WeakMap<BaseAudioContext, Map<string, Promise<void>>>();

/**
 * Adds the module at `url` to `context`'s audio worklet once; later calls for the same context
 * and URL share the first promise. A failed load is forgotten, so a later call tries again (e.g.
 * after the user fixes cross-origin isolation).
 */
export function addWorkletModuleOnce(context: BaseAudioContext, url: string): Promise<void> {
  const modules = loaded.get(context) ?? new Map<string, Promise<void>>();
  loaded.set(context, modules);
  let loading = modules.get(url);
  if (!loading) {
    loading = context.audioWorklet.addModule(url);
    loading.catch(() => modules.delete(url));
    modules.set(url, loading);
  }
  return loading;
}
