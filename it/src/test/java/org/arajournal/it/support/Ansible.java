package org.arajournal.it.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the real {@code ansible-playbook} against local hosts with a chosen callback. */
public final class Ansible {
  private final Path workDir;
  private final Map<String, String> env = new HashMap<>();

  private Ansible(Path workDir) {
    this.workDir = workDir;
    env.put("ANSIBLE_LOCAL_TEMP", workDir.resolve(".ansible-tmp").toString());
    env.put("ANSIBLE_HOST_KEY_CHECKING", "false");
    env.put("ANSIBLE_RETRY_FILES_ENABLED", "false");
    env.put("ANSIBLE_NOCOLOR", "1");
    env.put("ANSIBLE_FORCE_COLOR", "0");
    env.put("ANSIBLE_PYTHON_INTERPRETER", "/usr/bin/python3");
    env.put("ANSIBLE_DEPRECATION_WARNINGS", "false");
  }

  /** Records into {@code journal} with the ara_journal callback. */
  public static Ansible recordingInto(Path workDir, Path journal) {
    Ansible ansible = new Ansible(workDir);
    ansible.env.put("ANSIBLE_CALLBACK_PLUGINS", Tools.callbackPlugins().toString());
    // ahead of ARA's own ara_record, as `ara-journal setup env` puts it
    ansible.env.put("ANSIBLE_ACTION_PLUGINS", Tools.actionPlugins() + ":" + Tools.araActionPlugins());
    ansible.env.put("ARA_JOURNAL_DIR", journal.toString());
    // A recorder per run, which ends with it, for tests that watch recorders live and die;
    // SharedRecorderRunsTest covers the shared recorder that runs get by default.
    ansible.env.put("ARA_JOURNAL_RECORDER_IDLE", "0");
    return ansible;
  }

  /** Posts to {@code araUrl} with ARA's own callback ({@code ara_default}) over HTTP. */
  public static Ansible withAraCallback(Path workDir, String araUrl) {
    Ansible ansible = new Ansible(workDir);
    ansible.env.put("ANSIBLE_CALLBACK_PLUGINS", Tools.araCallbackPlugins().toString());
    ansible.env.put("ANSIBLE_ACTION_PLUGINS", Tools.araActionPlugins().toString());
    ansible.env.put("ARA_API_CLIENT", "http");
    ansible.env.put("ARA_API_SERVER", araUrl);
    return ansible;
  }

  /** No recording callback at all. */
  public static Ansible plain(Path workDir) {
    return new Ansible(workDir);
  }

  public Ansible env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** The command line for {@code playbook} with {@code args}, e.g. for starting it in the background. */
  public List<String> command(Path playbook, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Tools.require("ansible-playbook", "ansible-core").toString());
    command.add(playbook.toString());
    command.addAll(List.of(args));
    return command;
  }

  public Map<String, String> environment() {
    return Map.copyOf(env);
  }

  public Path workDir() {
    return workDir;
  }

  public Processes.Result run(Path playbook, String... args) {
    return run(Duration.ofMinutes(10), playbook, args);
  }

  /** Runs {@code playbook} with a deadline of the caller's choosing, for playbooks larger than the usual few tasks. */
  public Processes.Result run(Duration timeout, Path playbook, String... args) {
    return Processes.run(command(playbook, args), env, workDir, timeout);
  }
}
