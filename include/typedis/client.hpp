/// @file
/// typedis::client: the synchronous, thread-safe client with every command of the bundled spec as a
/// method (typedis::all_commands: core and module commands). See <typedis/basic_client.hpp> for a
/// client with a user extension's methods too, or with only a few command groups.
#pragma once

#include "typedis/basic_client.hpp"
#include "typedis/generated/command_methods.hpp"

namespace typedis {

using client = basic_client<all_commands>;
using pinned_connection = client::pinned_connection;

}  // namespace typedis
