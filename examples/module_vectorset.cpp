// Vector Sets through the typed API: VADD from float vectors with JSON attributes, then VSIM by a
// vector and by an element, with scores and attributes decoded into typed results, and a FILTER
// expression over the attributes. Needs Redis 8 (vector sets are built in); prints a note and
// exits 0 on a server without them.
//
//   module_vectorset [URL]      URL defaults to $REDIS_URL, then redis://127.0.0.1:6379
#include <typedis/modules.hpp>
#include <typedis/typedis.hpp>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

namespace vs = typedis::vectorset;
namespace c = typedis::cmd;

struct fruit {
  std::string name;
  std::vector<float> embedding;  // a toy 3-dimensional embedding
  int sweetness;
};

int main(int argc, char** argv) {
  const char* env_url = std::getenv("REDIS_URL");
  const std::string url = argc > 1 ? argv[1] : env_url ? env_url : "redis://127.0.0.1:6379";

  try {
    typedis::client r{url};
    const std::string key = "typedis:example:fruits";
    r.del({key});

    const std::vector<fruit> fruits{{"apple", {0.9f, 0.1f, 0.0f}, 6},
                                    {"pear", {0.8f, 0.2f, 0.1f}, 5},
                                    {"lemon", {0.1f, 0.9f, 0.2f}, 1},
                                    {"banana", {0.3f, 0.2f, 0.9f}, 8}};
    try {
      // The floats go as one FP32 blob; the attributes as a JSON document.
      for (const fruit& f : fruits)
        r.vadd(key, f.embedding, f.name, {.setattr = nlohmann::json{{"sweetness", f.sweetness}}});
    } catch (const typedis::server_error& e) {
      std::cout << "this server has no vector sets (" << e.what() << "): nothing to show\n";
      return 0;
    }
    std::cout << r.vcard(key) << " fruits of dimension " << r.vdim(key) << '\n';

    // By a vector (here as VALUES), with scores: typed {element, score} entries, best first.
    std::cout << "closest to (1, 0, 0):\n";
    for (const vs::scored_element& e : r.vsim_withscores(key, vs::vector::values({1.0, 0.0, 0.0}), {.count = 3}))
      std::cout << "  " << e.element << "  " << e.score << '\n';

    // By an element, with scores and attributes, keeping the sweet ones only (FILTER).
    std::cout << "like a pear, sweetness > 4:\n";
    for (const vs::scored_attributed_element& e :
         r.vsim_withscores_withattribs(key, vs::element{"pear"}, {.count = 5, .filter = ".sweetness > 4"})) {
      std::cout << "  " << e.element << "  " << e.score << "  "
                << (e.attributes ? e.attributes->dump() : std::string("(no attributes)")) << '\n';
    }

    // Attributes alone, and read back for one element.
    for (const vs::attributed_element& e : r.vsim_withattribs(key, vs::element{"lemon"}, {.count = 1}))
      std::cout << "most like a lemon: " << e.element << " " << e.attributes.value_or(nullptr).dump() << '\n';
    std::cout << "banana: " << r.vgetattr(key, "banana").value_or(nullptr).dump() << '\n';

    r.del({key});
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
