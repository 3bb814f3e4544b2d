// text-readability ships no types; only the functions Carecast calls are declared.
declare module 'text-readability' {
  interface Readability {
    fleschKincaidGrade(text: string): number;
    smogIndex(text: string): number;
    lexiconCount(text: string, removePunctuation?: boolean): number;
    sentenceCount(text: string): number;
  }
  const readability: Readability;
  export default readability;
}
