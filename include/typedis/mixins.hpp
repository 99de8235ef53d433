/// @file
/// typedis::mixins<Ms...>: the set of command mixins an executor offers. A command mixin is a class
/// template `template <class Executor> class M` whose methods build a command and hand it to
/// `Executor::execute` (typedis::all_commands, a group such as typedis::string_commands, or the
/// `<ns>::commands` that typedis_add_commands generates). Every executor applies the same set to
/// itself: the client, its pipelines, transactions, nothrow() view and pinned connections, so
/// `typedis::basic_client<typedis::all_commands, acme::commands>` has acme's methods everywhere:
///
///   r.acme_cmd(k);  r.pipeline().acme_cmd(k).get(k).exec();  r.nothrow().acme_cmd(k);
///
/// The mixins of one set must not repeat a method name (the call would be ambiguous) nor contain
/// each other (all_commands already holds every group of the bundled spec).
#pragma once

#include "typedis/command_by_name.hpp"

namespace typedis {

namespace detail {
/// T, spelt as a type that depends on Executor: a generated mixin method whose options type is only
/// declared where the mixin is (a module group's _decl.hpp) takes `const dependent<E, T>::type& = {}`,
/// so the `= {}` is checked at the call, once <typedis/modules.hpp> has defined T.
template <class Executor, class T>
struct dependent {
  using type = T;
};
}  // namespace detail

template <template <class> class... Ms>
struct mixins {
  /// What an executor derives from: every mixin of the set and the generic command<T>("NAME", ...),
  /// each applied to the executor itself.
  template <class Executor>
  class bases : public command_by_name<Executor>, public Ms<Executor>... {};
};

}  // namespace typedis
