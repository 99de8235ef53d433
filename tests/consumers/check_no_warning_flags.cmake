# Included by each consumer project after typedis::typedis exists: typedis's warning flags and
# -Werror are for its own targets only and must not reach a consumer through the usage requirements.
get_target_property(typedis_interface_options typedis::typedis INTERFACE_COMPILE_OPTIONS)
if(typedis_interface_options AND typedis_interface_options MATCHES "-W")
  message(FATAL_ERROR "typedis::typedis propagates warning flags: ${typedis_interface_options}")
endif()
