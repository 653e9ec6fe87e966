"""1С:Предприятие through its standard OData interface (the published infobase's automatic REST service, OData 3.0).

    GET {infobase}/odata/standard.odata/{document}?$format=json&$top=N&$skip=M&$orderby=Date asc,Ref_Key asc
        &$filter=Date ge datetime'<since>' and Date lt datetime'<until>' and Posted eq true and DeletionMark eq false
    -> {"odata.metadata": ..., "value": [{"Ref_Key", "Number", "Date" ("2027-03-01T12:00:00", the infobase's local
        time), "Posted", "DeletionMark", <amount field>, <phone field>}]}
    HTTP Basic authentication with an infobase user; a wrong one answers 401. The answer is JSON only with
    $format=json (Atom XML otherwise). 1С does not page by itself: the client pages with $top/$skip, and a page
    shorter than $top is the last one; if a publication does send "odata.nextLink" (server-side paging), its
    presence means more pages, and we go on from $skip + the rows read. ($inlinecount=allpages would make 1С ignore
    $top/$skip, so we never send it.) Errors come as {"odata.error": {"code", "message": {"lang", "value"}}} — a
    wrong document name is a 404 (code 14/15); we report the 1С message.

Sources (checked 2026-12): infostart.ru/1c/articles/1570140 («Работа с 1С через протокол OData»: publishing,
standard.odata, Document_/Catalog_ names, Basic auth), 42clouds.com techdocs «Интерфейс OData: возможности и
настройка» and «параметры запроса» (OData 3.0; $filter, $orderby, $top, $skip, $format=json; $inlinecount
ignoring $skip/$top), the OData paging convention (client $top/$skip, server nextLink). Fixed against them: an
"odata.nextLink" is followed, and "odata.error" messages are reported in words.

Which document and fields hold a sale differs between configurations (Розница, УНФ, самописные): settings
{"document" (default Document_ЧекККМ), "amount_field" (default СуммаДокумента), "phone_field" (default Телефон),
"since"}; credentials {"user", "password"}.
"""

import json
from urllib.parse import quote

from integrations.partners.base import AuthError, ConnectorError, WindowedAdapter, basic_auth, call, make_record

ODATA_DATE = "%Y-%m-%dT%H:%M:%S"


class OneCAdapter(WindowedAdapter):
    first_page = 0  # the $skip offset
    page_size = 100

    def get(self, document, params):
        try:
            return call(
                "GET",
                f"{self.base_url}/odata/standard.odata/{quote(document)}",
                params=params,
                headers={"Authorization": basic_auth(self.credential("user"), self.credential("password"))},
                timeout=self.timeout,
            )
        except AuthError:
            raise
        except ConnectorError as error:
            message = odata_error(str(error))
            if message is None:
                raise
            raise type(error)(f"1С {document}: {message}") from error

    def fetch(self, cursor):
        since, until, skip = self.window(cursor)
        document = self.options.get("document") or "Document_ЧекККМ"
        amount_field = self.options.get("amount_field") or "СуммаДокумента"
        phone_field = self.options.get("phone_field") or "Телефон"
        local = {
            "since": since.astimezone(self.tz).strftime(ODATA_DATE),
            "until": until.astimezone(self.tz).strftime(ODATA_DATE),
        }
        answer = self.get(
            document,
            {
                "$format": "json",
                "$top": self.page_size,
                "$skip": skip,
                "$orderby": "Date asc,Ref_Key asc",
                "$filter": (
                    f"Date ge datetime'{local['since']}' and Date lt datetime'{local['until']}'"
                    " and Posted eq true and DeletionMark eq false"
                ),
            },
        )
        if not isinstance(answer, dict) or not isinstance(answer.get("value"), list):
            raise ConnectorError(f"1С answered without value: {str(answer)[:200]}")
        rows = answer["value"]
        records = [
            make_record(row.get("Ref_Key"), row.get("Date"), row.get(amount_field), row.get(phone_field), tz=self.tz)
            for row in rows
        ]
        more = bool(rows) and (len(rows) == self.page_size or bool(answer.get("odata.nextLink")))
        page = self.page(records, since, until, skip, more)
        if more:
            page.next_cursor["page"] = skip + len(rows)
        return page


def odata_error(text):
    """The words of 1С's {"odata.error": {"code", "message": {"value"}}} in an error's text ("404 {...}"), or None."""
    try:
        body = json.loads(text.split(" ", 1)[1])
        error = body["odata.error"]
    except (IndexError, ValueError, TypeError, KeyError):
        return None
    message = error.get("message") if isinstance(error, dict) else None
    value = message.get("value") if isinstance(message, dict) else message
    return f"{text.split(' ', 1)[0]} {value or ''} (code {error.get('code', '')})".strip()
