"""1С:Предприятие through its standard OData interface (the published infobase's REST service).

    GET {infobase}/odata/standard.odata/{document}?$format=json&$top=N&$skip=M&$orderby=Date asc,Ref_Key asc
        &$filter=Date ge datetime'<since>' and Date lt datetime'<until>' and Posted eq true and DeletionMark eq false
    -> {"odata.metadata": ..., "value": [{"Ref_Key", "Number", "Date" ("2027-03-01T12:00:00", the infobase's local
        time), "Posted", "DeletionMark", <amount field>, <phone field>}]}
    HTTP Basic authentication with an infobase user; a wrong one answers 401. Pages by $top/$skip.

Which document and fields hold a sale differs between configurations (Розница, УНФ, самописные): settings
{"document" (default Document_ЧекККМ), "amount_field" (default СуммаДокумента), "phone_field" (default Телефон),
"since"}; credentials {"user", "password"}.
"""

from urllib.parse import quote

from integrations.partners.base import ConnectorError, WindowedAdapter, basic_auth, call, make_record

ODATA_DATE = "%Y-%m-%dT%H:%M:%S"


class OneCAdapter(WindowedAdapter):
    first_page = 0  # the $skip offset
    page_size = 100

    def fetch(self, cursor):
        since, until, skip = self.window(cursor)
        document = self.options.get("document") or "Document_ЧекККМ"
        amount_field = self.options.get("amount_field") or "СуммаДокумента"
        phone_field = self.options.get("phone_field") or "Телефон"
        local = {
            "since": since.astimezone(self.tz).strftime(ODATA_DATE),
            "until": until.astimezone(self.tz).strftime(ODATA_DATE),
        }
        answer = call(
            "GET",
            f"{self.base_url}/odata/standard.odata/{quote(document)}",
            params={
                "$format": "json",
                "$top": self.page_size,
                "$skip": skip,
                "$orderby": "Date asc,Ref_Key asc",
                "$filter": (
                    f"Date ge datetime'{local['since']}' and Date lt datetime'{local['until']}'"
                    " and Posted eq true and DeletionMark eq false"
                ),
            },
            headers={"Authorization": basic_auth(self.credential("user"), self.credential("password"))},
            timeout=self.timeout,
        )
        if not isinstance(answer, dict) or not isinstance(answer.get("value"), list):
            raise ConnectorError(f"1С answered without value: {str(answer)[:200]}")
        rows = answer["value"]
        records = [
            make_record(row.get("Ref_Key"), row.get("Date"), row.get(amount_field), row.get(phone_field), tz=self.tz)
            for row in rows
        ]
        more = len(rows) == self.page_size
        page = self.page(records, since, until, skip, more)
        if more:
            page.next_cursor["page"] = skip + self.page_size
        return page
