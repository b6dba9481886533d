// Asio and Beast are compiled once, here (BOOST_ASIO_SEPARATE_COMPILATION), instead of in every
// file that includes them: on 2 cores this keeps the build fast.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
