import ts from 'typescript';

/**
 * Finds the words a person would read that are written into a component instead of coming from
 * the catalogs: text in JSX, a string literal shown as JSX content, and a string literal given to
 * an attribute a person reads (aria-label, title, placeholder, alt, label…).
 */
const READ_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
  'hint',
  'description',
  'legend',
  'heading',
  'message',
  'summary',
  'notice',
  'confirmLabel',
  'pendingLabel',
]);

/** Text that is not a language: the product's name, symbols, codes. */
const NOT_WORDS = /^(Hearth|[\s\d\p{P}\p{S}]*|[A-Z0-9-]{1,8})$/u;

/** Each literal a person would read in a file, with its line. */
export function literalsIn(path: string, text: string): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, value: string) => {
    const trimmed = value.trim();
    if (!trimmed || NOT_WORDS.test(trimmed) || !/\p{L}{2,}/u.test(trimmed)) return;
    const { line } = source.getLineAndCharacterOfPosition(node.getStart());
    found.push(`${path}:${line + 1}: ${trimmed.slice(0, 60)}`);
  };
  // A string shown as content: directly in {…}, or as a branch of ?:, ?? or && inside it.
  const shownStrings = (expression: ts.Expression | undefined): void => {
    if (!expression) return;
    if (ts.isParenthesizedExpression(expression)) return shownStrings(expression.expression);
    if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression))
      return report(expression, expression.text);
    if (ts.isTemplateExpression(expression)) {
      return report(
        expression,
        [expression.head.text, ...expression.templateSpans.map((s) => s.literal.text)].join(' '),
      );
    }
    if (ts.isConditionalExpression(expression)) {
      shownStrings(expression.whenTrue);
      return shownStrings(expression.whenFalse);
    }
    if (ts.isBinaryExpression(expression)) {
      const op = expression.operatorToken.kind;
      if (
        op === ts.SyntaxKind.AmpersandAmpersandToken ||
        op === ts.SyntaxKind.BarBarToken ||
        op === ts.SyntaxKind.QuestionQuestionToken ||
        op === ts.SyntaxKind.PlusToken
      ) {
        shownStrings(expression.left);
        shownStrings(expression.right);
      }
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) report(node, node.text);
    if (ts.isJsxExpression(node) && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      shownStrings(node.expression);
    }
    if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText(source)) && node.initializer) {
      if (ts.isStringLiteral(node.initializer)) report(node.initializer, node.initializer.text);
      else if (ts.isJsxExpression(node.initializer)) shownStrings(node.initializer.expression);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
