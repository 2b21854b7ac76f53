import { rfcRoot, verifyConsistency, verifyInclusion } from '../../../test/utils/rfc9162-verifier';
import {
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  type NodeReader,
  perfectSubtrees,
  rootFromNodes,
  TreeBuilder,
} from './merkle';

// The leaves and roots of the RFC 6962 test vectors used by Certificate Transparency's
// reference implementations (merkle_tree_test: the tree of these 8 inputs, at each size).
const LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((hex) => Buffer.from(hex, 'hex'));
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

/** Builds a tree keeping every perfect subtree root, as the log's tables do. */
function storedTree(leaves: readonly Buffer[]): { tree: TreeBuilder; read: NodeReader } {
  const nodes = new Map<string, Buffer>();
  const tree = new TreeBuilder();
  for (const leaf of leaves) {
    tree.push(leafHash(leaf), (level, index, hash) => nodes.set(`${level}/${index}`, hash));
  }
  const read: NodeReader = async (level, index) => {
    const hash = nodes.get(`${level}/${index}`);
    if (!hash) throw new Error(`no node ${level}/${index}`);
    return hash;
  };
  return { tree, read };
}

describe('RFC 6962 Merkle tree', () => {
  it('hashes the empty tree as SHA-256 of nothing', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(new TreeBuilder().root()).toEqual(EMPTY_ROOT);
  });

  it('matches the reference roots at every size of the test vector tree', async () => {
    const tree = new TreeBuilder();
    for (const [i, leaf] of LEAVES.entries()) {
      tree.push(leafHash(leaf));
      expect(tree.root().toString('hex')).toBe(ROOTS[i]);
      const { read } = storedTree(LEAVES.slice(0, i + 1));
      expect((await rootFromNodes(read, i + 1)).toString('hex')).toBe(ROOTS[i]);
    }
  });

  it('gives the reference audit path of leaf 0 in the 8-leaf tree', async () => {
    const { read } = storedTree(LEAVES);
    expect((await inclusionProof(read, 0, 8)).map((h) => h.toString('hex'))).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
  });

  it('resumes from a frontier exactly where a full build would be', () => {
    const full = new TreeBuilder();
    const nodes = new Map<string, Buffer>();
    const data = Array.from({ length: 45 }, (_, i) => Buffer.from(`leaf ${i}`));
    for (const d of data.slice(0, 29)) {
      full.push(leafHash(d), (l, i, h) => nodes.set(`${l}/${i}`, h));
    }
    const resumed = TreeBuilder.resume(
      29,
      perfectSubtrees(29).map(({ level, index }) => nodes.get(`${level}/${index}`) as Buffer),
    );
    for (const d of data.slice(29)) {
      full.push(leafHash(d));
      resumed.push(leafHash(d));
    }
    expect(resumed.root()).toEqual(full.root());
    expect(full.root()).toEqual(rfcRoot(data));
  });

  it('gives inclusion and consistency proofs an independent RFC 9162 verifier accepts', async () => {
    const data = Array.from({ length: 37 }, (_, i) => Buffer.from(`record ${i}`));
    const { read } = storedTree(data);
    for (let size = 1; size <= data.length; size++) {
      const root = rfcRoot(data.slice(0, size));
      for (let index = 0; index < size; index++) {
        const proof = await inclusionProof(read, index, size);
        expect(verifyInclusion(index, size, leafHash(data[index]), proof, root)).toBe(true);
      }
      for (let first = 0; first <= size; first++) {
        const proof = await consistencyProof(read, first, size);
        expect(verifyConsistency(first, size, proof, rfcRoot(data.slice(0, first)), root)).toBe(
          true,
        );
      }
    }
    // And rejects a proof for another leaf or an altered history.
    const proof = await inclusionProof(read, 3, 20);
    expect(verifyInclusion(4, 20, leafHash(data[3]), proof, rfcRoot(data.slice(0, 20)))).toBe(
      false,
    );
    const altered = [...data.slice(0, 20)];
    altered[2] = Buffer.from('forged');
    const consistency = await consistencyProof(read, 10, 20);
    expect(
      verifyConsistency(
        10,
        20,
        consistency,
        rfcRoot(altered.slice(0, 10)),
        rfcRoot(data.slice(0, 20)),
      ),
    ).toBe(false);
  });
});
