#!/usr/bin/python
# Test module: reports a deprecation and a warning, or fails with an exception, so the recorded
# result shows how each ansible-core version shapes them.
from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(argument_spec=dict(mode=dict(type="str", default="deprecate")))
    if module.params["mode"] == "raise":
        raise RuntimeError("noisy module raised on purpose")
    module.deprecate("noisy is deprecated, use quiet", version="99.0", collection_name="local.test")
    module.warn("noisy warns")
    module.exit_json(changed=False, mode=module.params["mode"])


if __name__ == "__main__":
    main()
