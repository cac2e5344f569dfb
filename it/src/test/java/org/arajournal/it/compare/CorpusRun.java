package org.arajournal.it.compare;

import org.arajournal.it.support.Processes;

/** A finished run of a corpus case: what ansible-playbook printed, and when it ran. */
public record CorpusRun(CorpusCase corpusCase, Processes.Result result, RunWindow window) {}
