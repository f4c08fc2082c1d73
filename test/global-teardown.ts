export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __surveyWavesStop?: () => Promise<void> }).__surveyWavesStop?.();
}
