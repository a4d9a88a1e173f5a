import assert from 'node:assert/strict';
import path from 'node:path';
import test from 'node:test';
import { resolveImageSource } from '../../../src/media/image-source.js';

test('resolveImageSource reads a reference as a URL, a file beside the piece, content/media/ or a site path (issue 19)', () => {
  const content = path.resolve('/site/content');
  const piece = path.join(content, 'opinion', '2026-12-01-rooftops.md');
  const cases: [string, ReturnType<typeof resolveImageSource>][] = [
    ['https://photos.example/a.jpg', { kind: 'url', url: 'https://photos.example/a.jpg' }],
    ['HTTP://photos.example/a.jpg', { kind: 'url', url: 'HTTP://photos.example/a.jpg' }],
    ['rooftops.jpg', { kind: 'file', path: path.join(content, 'opinion', 'rooftops.jpg') }],
    ['./img/rooftops.jpg', { kind: 'file', path: path.join(content, 'opinion', 'img', 'rooftops.jpg') }],
    ['media/portraits/ada.jpg', { kind: 'file', path: path.join(content, 'media', 'portraits', 'ada.jpg') }],
    ['../media/a.png', { kind: 'file', path: path.join(content, 'media', 'a.png') }],
    ['/img/rooftops-at-dusk.svg', { kind: 'site', path: '/img/rooftops-at-dusk.svg' }],
    ['../../etc/passwd', undefined],
    ['file:///etc/passwd', undefined],
    ['data:image/png;base64,AAAA', undefined],
    ['//photos.example/a.jpg', undefined],
  ];
  for (const [ref, expected] of cases) assert.deepEqual(resolveImageSource(ref, piece, content), expected, ref);
});
