-- v_hosts: every machine this warehouse knows, over all history (rpt_hosts): when it last pushed
-- to the team lake and how much, what was loaded from it, its sessions, tool calls and API calls.
-- grain: machine
-- key: host
SELECT * FROM rpt_hosts(NULL::TIMESTAMP, NULL::TIMESTAMP, NULL::VARCHAR)
