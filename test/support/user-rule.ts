/** A rule a user might write: payment failures of one app, 2 in a minute, ended by a recovery line. */
export const USER_RULE = {
  name: 'payments-failing',
  type: 'payments_failing',
  description: 'The payments service fails orders',
  select: { app: ['payments'] },
  match: 'payment failed for order (?<order>\\d{1,12}): (?<reason>[a-z ]{1,40})$',
  group_by: ['host'],
  threshold: { count: 2, window_seconds: 60 },
  severity: 'critical',
  details: ['order', 'reason'],
  summary: 'payments failing on {host} ({count} orders, first {order}: {reason})',
  remediation: 'Check the payment gateway credentials and its status page.',
  resolve: { match: 'payments recovered' },
};

export const USER_LINES = [
  '<11>1 2026-11-26T01:00:00.000000Z shop-1 payments 77 - - payment failed for order 1001: gateway timeout',
  '<14>1 2026-11-26T01:00:05.000000Z shop-1 payments 77 - - order 1002 paid',
  '<11>1 2026-11-26T01:00:20.000000Z shop-1 payments 77 - - payment failed for order 1003: gateway timeout',
  '<11>1 2026-11-26T01:00:30.000000Z shop-2 payments 77 - - payment failed for order 2001: card declined',
  '<14>1 2026-11-26T01:02:00.000000Z shop-1 payments 77 - - payments recovered',
].join('\n') + '\n';
