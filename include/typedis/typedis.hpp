/// @file
/// The whole synchronous API. Includes no asio and no OpenSSL header.
#pragma once

#include "typedis/client.hpp"
#include "typedis/client_options.hpp"
#include "typedis/codec/decode.hpp"
#include "typedis/codec/encode.hpp"
#include "typedis/command.hpp"
#include "typedis/connection_options.hpp"
#include "typedis/error.hpp"
#include "typedis/generated/commands.hpp"
#include "typedis/resp/parser.hpp"
#include "typedis/resp/value.hpp"
#include "typedis/resp/writer.hpp"
#include "typedis/script.hpp"
#include "typedis/sentinel.hpp"
#include "typedis/cluster_client.hpp"
#include "typedis/cluster_subscriber.hpp"
#include "typedis/subscriber.hpp"
#include "typedis/url.hpp"
#include "typedis/version.hpp"
