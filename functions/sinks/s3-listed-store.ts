import { DeleteObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { ListedObject, ListedObjectStore } from './listed-store.js';
import { S3ObjectStore } from './s3-object-store.js';

/**
 * A bucket as compaction sees it (functions/store/compact.ts): S3ObjectStore's put and get, and
 * listing by folder (delimiter `/`) and delete. S3 is strongly consistent for list after put and
 * delete, so a compaction sees what an earlier, interrupted one left.
 */
export class S3ListedStore extends S3ObjectStore implements ListedObjectStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucketName: string,
  ) {
    super(client, bucketName);
  }

  async list(prefix: string): Promise<ListedObject[]> {
    const out: ListedObject[] = [];
    for await (const page of this.pages(prefix)) {
      for (const o of page.Contents ?? []) if (o.Key !== undefined) out.push({ key: o.Key, size: o.Size ?? 0 });
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  async folders(prefix: string): Promise<string[]> {
    const out: string[] = [];
    for await (const page of this.pages(prefix)) {
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix !== undefined) out.push(p.Prefix.slice(prefix.length, p.Prefix.endsWith('/') ? -1 : undefined));
    }
    return out.sort();
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucketName, Key: key }));
  }

  private async *pages(prefix: string) {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucketName, Prefix: prefix, Delimiter: '/', ContinuationToken: token }));
      yield page;
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }
}
