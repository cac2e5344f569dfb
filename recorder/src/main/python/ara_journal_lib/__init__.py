"""The ara_journal callback's parts: the frame format (frames), the hand-off to the recorder or the
spool (hose), ARA's record-time settings (filters), the offline records shared with the ara_record
action (records), what is read from Ansible's objects (ansible_objects), recording through SIGINT
and SIGTERM (signals) and where the installed tree is (install). Standard library and ansible only;
the callback plugin loads this package by path from beside its own directory."""
