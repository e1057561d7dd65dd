import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Alert } from './format-alert.js';

export interface AlertPublisher {
  publish(alert: Alert): Promise<void>;
}

/** Publishes to one SNS topic; the SDK's own retries cover transient errors, a final failure throws. */
export class SnsAlertPublisher implements AlertPublisher {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(a: Alert): Promise<void> {
    await this.sns.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: a.subject,
        Message: a.message,
        MessageAttributes: {
          type: { DataType: 'String', StringValue: a.attributes.type },
          severity: { DataType: 'String', StringValue: a.attributes.severity },
          cluster: { DataType: 'String', StringValue: a.attributes.cluster },
        },
      }),
    );
  }
}

/** Keeps what would have been published (tests, benchmark). */
export class MemoryAlertPublisher implements AlertPublisher {
  readonly published: Alert[] = [];
  async publish(a: Alert): Promise<void> {
    this.published.push(a);
  }
}
