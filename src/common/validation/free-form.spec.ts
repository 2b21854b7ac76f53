import { BadRequestException } from '@nestjs/common';
import { IsObject, IsString } from 'class-validator';
import { FreeFormAwareValidationPipe, FreeFormObject, markFreeOfPrototypeKeys } from './free-form';

class BodyDto {
  @IsString() type!: string;
  @IsObject() @FreeFormObject() data!: Record<string, unknown>;
}

const pipe = new FreeFormAwareValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
});
const metadata = { type: 'body' as const, metatype: BodyDto };

describe('FreeFormAwareValidationPipe', () => {
  it('returns the free-form field as parsed (not copied), the rest transformed', async () => {
    const data = { rows: [{ i: 1 }] };
    const out = (await pipe.transform({ type: 'SUBMIT', data }, metadata)) as BodyDto;
    expect(out).toBeInstanceOf(BodyDto);
    expect(out.data).toBe(data);
  });

  it('still refuses a free-form field that is not an object, and unknown fields', async () => {
    await expect(pipe.transform({ type: 'SUBMIT', data: [1] }, metadata)).rejects.toBeInstanceOf(
      BadRequestException,
    );
    await expect(
      pipe.transform({ type: 'SUBMIT', data: {}, extra: 1 }, metadata),
    ).rejects.toBeInstanceOf(BadRequestException);
  });

  it('strips prototype keys at any depth, unless the raw body showed none', async () => {
    const body = JSON.parse(
      '{"type":"S","data":{"a":[{"__proto__":{"x":1},"constructor":"c","prototype":1,"k":2}]}}',
    ) as Record<string, unknown>;
    const out = (await pipe.transform(body, metadata)) as BodyDto;
    expect(out.data).toEqual({ a: [{ k: 2 }] });
    expect(Object.hasOwn((out.data.a as object[])[0], '__proto__')).toBe(false);

    const marked = JSON.parse('{"type":"S","data":{"prototype":1}}') as Record<string, unknown>;
    markFreeOfPrototypeKeys(marked);
    const kept = (await pipe.transform(marked, metadata)) as BodyDto;
    // Marked bodies are trusted: the body parser only marks those whose bytes hold no such key.
    expect(kept.data).toEqual({ prototype: 1 });
  });
});
