-- "Ticket" names a queue ticket only: the receipts of helpdesk
-- escalations, kind "escalation_ticket", become kind "escalation" (their
-- tokens carry the kind's code, 6, so they verify as before), and the
-- statistics event "helpdesk_ticket" is counted as "escalation".
UPDATE receipts SET doc = jsonb_set(doc::jsonb, '{kind}', '"escalation"')::json
	WHERE doc->>'kind' = 'escalation_ticket';

INSERT INTO usage_stats AS u (key, count)
	SELECT regexp_replace(key, '^([^|]*)\|helpdesk_ticket\|', '\1|escalation|'), count
	FROM usage_stats WHERE split_part(key, '|', 2) = 'helpdesk_ticket'
	ORDER BY 1
	ON CONFLICT (key) DO UPDATE SET count = u.count + EXCLUDED.count;

DELETE FROM usage_stats WHERE split_part(key, '|', 2) = 'helpdesk_ticket';
