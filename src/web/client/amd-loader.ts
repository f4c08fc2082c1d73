/*
 * The first lines of survey-page.js. tsc (--outFile, module AMD) writes the page's
 * modules into one classic script as `define(name, dependencies, factory)` calls;
 * this is the least `define` that runs them: every module of the file, once, in
 * dependency order, starting with the page (`survey-page`) when it is defined,
 * which tsc puts after everything it imports. Nothing is fetched; no globals but `define`.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- the global that tsc's AMD output (the rest of survey-page.js) calls
const define = (() => {
  const ENTRY = 'survey-page';
  type Factory = (...dependencies: unknown[]) => void;
  const factories = new Map<string, { dependencies: string[]; factory: Factory }>();
  const instances = new Map<string, Record<string, unknown>>();

  function instantiate(name: string): Record<string, unknown> {
    const existing = instances.get(name);
    if (existing) return existing;
    const module = factories.get(name);
    if (!module) throw new Error(`survey-page.js has no module "${name}"`);
    const exports: Record<string, unknown> = {};
    instances.set(name, exports);
    const values = module.dependencies.map((dependency) => {
      if (dependency === 'exports') return exports;
      if (dependency === 'require') return (required: string) => instantiate(required);
      return instantiate(dependency);
    });
    module.factory(...values);
    return exports;
  }

  return (name: string, dependencies: string[], factory: Factory): void => {
    factories.set(name, { dependencies, factory });
    if (name === ENTRY) instantiate(ENTRY);
  };
})();
