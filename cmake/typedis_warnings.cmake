# Warnings for typedis's own targets only: never propagated to consumers.
function(typedis_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(TYPEDIS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
