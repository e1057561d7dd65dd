import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteBuffer } from '../../functions/sinks/byte-buffer.js';

describe('ByteBuffer integers', () => {
  it('stores what Buffer.writeInt32LE / writeUInt32LE / writeBigInt64LE store', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 0xffffffff }), fc.maxSafeInteger(), fc.string(), (i, u, big, s) => {
        const b = new ByteBuffer(4);
        b.i32(i);
        b.u32(u);
        b.i64(big);
        b.string(s);
        const want = Buffer.alloc(20);
        want.writeInt32LE(i, 0);
        want.writeUInt32LE(u, 4);
        want.writeBigInt64LE(BigInt(big), 8);
        want.writeUInt32LE(Buffer.byteLength(s), 16);
        expect(b.view()).toEqual(Buffer.concat([want, Buffer.from(s)]));
      }),
    );
  });

  it('refuses an int32 value out of range instead of wrapping it', () => {
    expect(() => new ByteBuffer().i32(2 ** 31)).toThrow(RangeError);
  });
});
