declare module 'glossy' {
  const glossy: { Parse: { parse(line: string): Record<string, unknown> } };
  export default glossy;
}
