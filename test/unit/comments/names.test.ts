import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStaffName, nameKey, normaliseName } from '../../../src/comments/names.js';
import { normaliseCommentText } from '../../../src/comments/text.js';
import { validateComment } from '../../../src/comments/validate.js';

const staff = ['Ada Fixture', 'Ben Sample'];

// Names a reader might type to pass for a writer: each must read as "Ada Fixture" once the tricks are undone.
const spoofs: [string, string][] = [
  ['right-to-left override', 'Ada Fi\u202Extu\u202Cre'],
  ['left-to-right override', '\u202DAda Fixture\u202C'],
  ['right-to-left isolate', 'Ada \u2067Fixture\u2069'],
  ['left-to-right mark', 'Ada\u200E Fixture'],
  ['zero-width joiner', 'A\u200Dda Fix\u200Dture'],
  ['zero-width non-joiner', 'Ada Fi\u200Cxture'],
  ['zero-width space', 'Ada\u200B Fixture'],
  ['word joiner and BOM', '\uFEFFAda\u2060 Fixture'],
  ['soft hyphen', 'Ada Fix\u00ADture'],
  ['combining marks', 'A\u0301da Fi\u0308xture\u0336'],
  ['full-width letters', '\uFF21\uFF44\uFF41\u3000\uFF26\uFF49\uFF58\uFF54\uFF55\uFF52\uFF45'],
  ['mathematical letters', '\u{1D400}\u{1D41D}\u{1D41A} \u{1D405}\u{1D422}\u{1D431}\u{1D42D}\u{1D42E}\u{1D42B}\u{1D41E}'],
  ['Cyrillic a, e and x', '\u0410d\u0430 Fi\u0445tur\u0435'],
  ['Cyrillic small letters', '\u0430d\u0430 fi\u0445tur\u0435'],
  ['Greek capitals', '\u0391da Fi\u03A7ture'],
  ['small capitals', '\u1D00\u1D05\u1D00 \uA730\u026Ax\u1D1B\u1D1C\u0280\u1D07'],
  ['capital I for l and the reverse', 'ADA FlXTURE'],
  ['other case', 'ada fixture'],
  ['extra spacing and punctuation', '  Ada   Fixture. '],
  ['non-breaking and ideographic spaces', 'Ada\u00A0\u2003Fixture'],
  ['Hangul filler for a space', 'Ada\u3164Fixture'],
  ['tag characters', 'Ada Fixture\u{E0041}\u{E0042}'],
  ['a newline', 'Ada\nFixture'],
];

describe('commenter names (issue 17)', () => {
  it('normalises a name: NFKC, no format or control characters, one space between words', () => {
    const cases: [string, string][] = [
      ['  Rosa   Reader ', 'Rosa Reader'],
      ['Rosa\u202E Reader', 'Rosa Reader'],
      ['R\u200Bosa\u200D Re\u2066ad\u2069er', 'Rosa Reader'],
      ['\uFF32\uFF4F\uFF53\uFF41', 'Rosa'],
      ['Ros\u0065\u0301', 'Ros\u00E9'],
      ['Zo\u0308\u0308\u0308\u0308\u0308\u0308e', 'Z\u00F6\u0308\u0308\u0308e'],
      ['Ada\u3164Fixture', 'Ada Fixture'],
      ['\u200B\u202E', ''],
      ['عليّ بن أحمد', 'عليّ بن أحمد'],
      ['Zoë O’Brien-Smith', 'Zoë O’Brien-Smith'],
    ];
    for (const [input, expected] of cases) assert.equal(normaliseName(input), expected, JSON.stringify(input));
  });

  it('shows a reversed name as typed once its override is gone, so it no longer reads as the writer\'s', () => {
    assert.equal(normaliseName('Ada \u202Eerutxif\u202C'), 'Ada erutxif');
  });

  it('finds every spoof of a staff name, whatever the trick', () => {
    for (const [trick, name] of spoofs) {
      assert.equal(isStaffName(normaliseName(name), staff), true, `${trick}: ${JSON.stringify(name)}`);
      assert.equal(nameKey(name), nameKey('Ada Fixture'), trick);
    }
  });

  it('lets readers use names that only resemble a writer\'s', () => {
    for (const name of ['Ada Fixtures', 'Ada', 'Fixture', 'Ada B. Fixture', 'Ben Simple', 'Rosa Reader', 'عليّ']) {
      assert.equal(isStaffName(normaliseName(name), staff), false, name);
    }
  });

  it('refuses a staff name in validation, on the name field, with a message the reader can act on', () => {
    for (const [trick, name] of spoofs) {
      const { comment, errors } = validateComment({ name, email: 'a@example.org', website: '', comment: 'Hello.' }, staff);
      assert.equal(comment, undefined, trick);
      assert.deepEqual(errors.map((e) => e.field), ['name'], trick);
      assert.match(errors[0]!.message, /one of our writers/);
    }
    assert.ok(validateComment({ name: 'Rosa\u202E Reader', email: 'a@example.org', website: '', comment: 'Hi.' }, staff).comment?.name === 'Rosa Reader');
    const { errors } = validateComment({ name: '\u200B\u202E\u200D', email: 'a@example.org', website: '', comment: 'Hi.' }, staff);
    assert.deepEqual(errors.map((e) => e.message), ['Enter your name'], 'a name of invisible characters is no name');
  });

  it('takes bidi embedding, override and isolate controls out of comment text, keeping joiners and marks', () => {
    const cases: [string, string][] = [
      ['price \u202E1$ 01\u202C now', 'price 1$ 01 now'],
      ['a \u2066b\u2069 \u2067c\u2069 \u2068d\u2069', 'a b c d'],
      ['\u202A\u202B\u202Dx', 'x'],
      ['👩\u200D💻 and می\u200Cخواهم', '👩\u200D💻 and می\u200Cخواهم'],
      ['abc \u200F(def)', 'abc \u200F(def)'],
    ];
    for (const [input, expected] of cases) assert.equal(normaliseCommentText(input), expected, JSON.stringify(input));
  });
});
