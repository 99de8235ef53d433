// Built in consumers that call typedis_precompile_headers(): this file includes nothing, so it
// compiles only when the precompiled <typedis/typedis.hpp> really reaches the target's files.
#ifndef TYPEDIS_VERSION_MAJOR
#error "typedis_precompile_headers() did not give this file <typedis/typedis.hpp>"
#endif

// Typed calls, so that the precompiled header's templates are used (instantiated) here too.
long long typedis_consumer_pch_probe(typedis::client& r) {
  r.set("typedis:consumer:pch", "1", {.condition = typedis::nx{}});
  return r.incr("typedis:consumer:pch:n") + static_cast<long long>(r.lrange("l", 0, -1).size());
}
