#pragma once
// The web view's pages, each answering one address (see server.cpp for the
// routes). A page throws HttpError for what it answers with another status.

#include "web/site.hpp"

namespace asemdb::web {

void home_page(Site& site, const httplib::Request& request, httplib::Response& response);
void reports_list(Site& site, const httplib::Request& request, httplib::Response& response);
/// /reports/NAME (the page) and /reports/NAME.EXT (a download).
void report_route(Site& site, const httplib::Request& request, httplib::Response& response);
/// /query (the page) and /query.EXT (a download), by GET or POST.
void query_route(Site& site, const httplib::Request& request, httplib::Response& response);
void schema_page(Site& site, const httplib::Request& request, httplib::Response& response);
void audit_page(Site& site, const httplib::Request& request, httplib::Response& response);
void schedule_page(Site& site, const httplib::Request& request, httplib::Response& response);

}  // namespace asemdb::web
