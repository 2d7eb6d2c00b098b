-- push_machine: this warehouse's machine id (raw_machine), written into its DIR/hosts/<host>.json.
SELECT machine_id FROM raw_machine
