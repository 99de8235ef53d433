"""Which servers have what, as the generator tells it: command_info::availability (added to the
error of a server that lacks a command) and the doc comment lines for arguments that only one
server family accepts (issue 17: GEOSEARCH BYPOLYGON, CLIENT KILL ID, Redis-only and Valkey-only
commands)."""
import unittest

from _helpers import REPO, SPEC_ROOT  # noqa: F401  (sets sys.path)

from typedis_codegen import generator  # noqa: E402
from typedis_codegen.spec_io import load_specs  # noqa: E402


def spec(**fields):
    out = {"name": "X", "group": "string", "since": "6.2.0", "arguments": []}
    out.update(fields)
    return out


class availability(unittest.TestCase):
    def test_both_families_without_a_valkey_version(self):
        self.assertEqual(generator.availability(spec()), "redis >= 6.2.0, valkey")

    def test_since_by_server(self):
        self.assertEqual(generator.availability(spec(since_by_server={"valkey": "9.0.0"})),
                         "redis >= 6.2.0, valkey >= 9.0.0")

    def test_one_family(self):
        self.assertEqual(generator.availability(spec(servers=["valkey"], since="9.0.0")), "valkey >= 9.0.0")
        self.assertEqual(generator.availability(spec(servers=["redis"], since="8.6.0")), "redis >= 8.6.0")

    def test_module(self):
        self.assertEqual(generator.availability(spec(module="json", since="2.6.0", servers=["redis"])),
                         "redis (module json)")

    def test_a_required_argument_of_one_family_narrows_the_method(self):
        polygon = {"name": "polygon", "type": "block", "since": "9.0.0", "servers": ["valkey"],
                   "arguments": [{"name": "n", "type": "integer", "token": "BYPOLYGON"}]}
        self.assertEqual(generator.availability(spec(), [polygon]), "valkey >= 9.0.0")
        self.assertEqual(generator.availability(spec(), [dict(polygon, optional=True)]), "redis >= 6.2.0, valkey")

    def test_required_arguments_of_different_families_keep_the_command_facts(self):
        args = [{"name": "a", "type": "string", "servers": ["valkey"]},
                {"name": "b", "type": "string", "servers": ["redis"]}]
        self.assertEqual(generator.availability(spec(), args), "redis >= 6.2.0, valkey")


class server_notes(unittest.TestCase):
    def test_family_only_argument_is_named_by_its_token(self):
        args = [{"name": "by", "type": "oneof", "arguments": [
            {"name": "polygon", "type": "block", "since": "9.0.0", "servers": ["valkey"],
             "arguments": [{"name": "n", "type": "integer", "token": "BYPOLYGON"}]}]}]
        self.assertEqual(generator.server_notes(args), ["BYPOLYGON: only valkey >= 9.0.0."])

    def test_multiple_by_server(self):
        args = [{"name": "client-id", "type": "integer", "token": "ID", "multiple": True,
                 "multiple_by_server": {"valkey": "8.1.0"}}]
        self.assertEqual(generator.server_notes(args),
                         ["ID takes several values only on valkey >= 8.1.0; other servers take one."])


class committed_spec(unittest.TestCase):
    """The facts issue 17 found on Valkey 9.1 and Redis 8.x stay recorded in commands-spec/."""

    @classmethod
    def setUpClass(cls):
        cls.specs = {name: spec for name, (_, spec) in load_specs(SPEC_ROOT).items()}

    def test_redis_only_and_valkey_only_commands(self):
        for name in ("HOTKEYS GET", "ARGET"):
            self.assertEqual(self.specs[name].get("servers"), ["redis"], name)
        for name in ("DELIFEQ", "COMMANDLOG GET"):
            self.assertEqual(self.specs[name].get("servers"), ["valkey"], name)

    def test_geosearch_polygon_has_no_from(self):
        methods = {m["name"]: m for m in self.specs["GEOSEARCH"]["methods"]}
        self.assertEqual(methods["geosearch_polygon"]["args"]["from"], "absent")
        self.assertEqual(methods["geosearch"]["args"]["by/polygon"], "absent")
        self.assertEqual(generator.availability(
            self.specs["GEOSEARCH"], generator.apply_method_args(self.specs["GEOSEARCH"]["arguments"],
                                                                 methods["geosearch_polygon"]["args"])),
            "valkey >= 9.0.0")


if __name__ == "__main__":
    unittest.main()
