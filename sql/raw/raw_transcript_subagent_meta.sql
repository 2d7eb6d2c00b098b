-- raw_transcript_subagent_meta: subagents/agent-<agent_id>.meta.json as Claude Code wrote it (agentType, description, toolUseId,
-- spawnDepth; 2.1.330 adds model, finished, …). Replaced when the file changes.
-- grain: subagent meta.json file
-- key: session_id, agent_id
CREATE TABLE IF NOT EXISTS raw_transcript_subagent_meta (
    session_id      VARCHAR NOT NULL,
    agent_id        VARCHAR NOT NULL,
    path            VARCHAR NOT NULL,
    meta            JSON NOT NULL,
    ingested_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (session_id, agent_id)
);
