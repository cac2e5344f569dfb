"""The ara_journal callback's parts: one run's recording, its event numbers and its start and end
(recording), the frame format (frames), the hand-off to the recorder or the spool (hose), ARA's record-time settings (filters), the offline records shared with the ara_record
action (records), what is read from Ansible's objects (ansible_objects), recording through SIGINT
and SIGTERM (signals) and where the installed tree is (install). Standard library and ansible only;
the callback plugin loads this package by path from beside its own directory."""

# The callback's settings, as its DOCUMENTATION names them: read once per run, in set_options.
OPTIONS = ("journal_dir", "recorder_command", "ack_timeout", "min_free", "recorder_idle", "argument_labels",
           "default_labels", "ignored_facts", "ignored_arguments", "ignored_files", "localhost_as_hostname",
           "localhost_as_hostname_format", "record_controller", "record_controller_name", "record_user",
           "record_user_name", "record_task_content")
