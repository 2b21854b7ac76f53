import { randomBytes } from 'node:crypto';
import {
  checkpointText,
  encodeSignerKey,
  openNote,
  parseCheckpointText,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifierKey,
} from './signed-note';

// The example of the C2SP signed-note specification (also Go's golang.org/x/mod/sumdb/note).
const EXAMPLE_VKEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const EXAMPLE_NOTE =
  'This is an example message.\n\n' +
  '\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';

describe('C2SP signed note', () => {
  it('opens the specification’s example note with its verifier key', () => {
    const verifier = parseVerifierKey(EXAMPLE_VKEY);
    expect(verifier.keyHash.toString(16)).toBe('530d903a');
    expect(openNote(EXAMPLE_NOTE, verifier)).toBe('This is an example message.\n');
    expect(
      openNote(EXAMPLE_NOTE.replace('example message', 'forged message'), verifier),
    ).toBeNull();
  });

  it('refuses a verifier key whose hash does not match its key', () => {
    expect(() => parseVerifierKey(EXAMPLE_VKEY.replace('530d903a', '530d903b'))).toThrow(/hash/);
  });

  it('signs checkpoints that open under the published key, and only under it', () => {
    const signer = parseSignerKey(encodeSignerKey('xa.example/log', randomBytes(32)));
    const vkey = verifierKey(signer);
    expect(vkey).toMatch(/^xa\.example\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    const body = checkpointText({
      origin: 'xa.example/log',
      treeSize: 42,
      rootHash: Buffer.alloc(32, 7).toString('base64'),
    });
    const note = signNote(body, signer);
    expect(note.startsWith(`${body}\n\u2014 xa.example/log `)).toBe(true);
    const text = openNote(note, parseVerifierKey(vkey));
    expect(text && parseCheckpointText(text)).toEqual({
      origin: 'xa.example/log',
      treeSize: 42,
      rootHash: Buffer.alloc(32, 7).toString('base64'),
    });
    const other = parseSignerKey(encodeSignerKey('xa.example/log', randomBytes(32)));
    expect(openNote(note, parseVerifierKey(verifierKey(other)))).toBeNull();
    expect(openNote(note.replace('\n42\n', '\n41\n'), parseVerifierKey(vkey))).toBeNull();
  });
});
