#define BOOST_TEST_MODULE asemdb
#include <boost/test/unit_test.hpp>
