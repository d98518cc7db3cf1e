"""Which column names mean which semantic: exact names, last words, table context, flags, times."""

from __future__ import annotations

"""The fixed "now" of generated data: dates do not drift with the calendar, so a seed
gives the same data set next year."""
"""Faker calls per (locale, provider) pool."""
"""Produce ``n`` values from a block RNG."""
"""Values of rows ``start``..``stop - 1`` computed from the row number alone."""
"""Distinct multi-word / multi-sentence values prepared per (locale, provider, shape):
joining words per row costs microseconds, a pick from a prepared list a tenth of that."""
"""Every semantic by name."""

# Full (compact) column names -> semantics, tried in order until one fits the kind.
_EXACT: dict[str, tuple[str, ...]] = {}


def _add(names: str, *semantics: str) -> None:
    for n in names.split():
        _EXACT[n] = semantics


_add("email emailaddress mail email1 email2 contactemail useremail workemail", "email")
_add("username login handle nickname screenname nick userhandle loginname", "username")
_add("firstname givenname forename fname", "first_name")
_add("lastname surname familyname lname", "last_name")
_add("middlename", "middle_name")
_add("fullname displayname contactname ownername customername authorname author realname "
     "personname recipient recipientname sender sendername", "full_name")  # fmt: skip
_add("prefix salutation honorific", "name_prefix")
_add("gender sex", "gender", "gender_code")
_add("ssn socialsecuritynumber", "ssn")
_add("phone phonenumber mobile mobilephone mobilenumber telephone tel fax cell cellphone "
     "homephone workphone contactphone", "phone")  # fmt: skip
_add("job jobtitle occupation profession role title position", "job_title")
_add("company companyname organization organisation employer businessname org firm "
     "companyname vendor supplier manufacturer brand", "company")  # fmt: skip
_add("slogan tagline catchphrase motto", "catch_phrase")
_add("department dept division team", "department")
_add("street streetaddress addressline address1 line1 addressline1 billingaddress "
     "shippingaddress homeaddress", "street_address")  # fmt: skip
_add("streetname", "street_name")
_add("buildingnumber housenumber", "building_number")
_add("address fulladdress mailingaddress", "address")
_add("city town cityname", "city")
_add("state province region statename county", "state")
_add("statecode stateabbr", "state_code")
_add("country countryname nationality", "country")
_add("countrycode countryiso iso2 countryalpha2", "country_code")
_add("zip zipcode postalcode postcode", "postal_code")
_add("lat latitude", "latitude")
_add("lng lon long longitude", "longitude")
_add("timezone tz tzname", "timezone")
_add("locale", "locale")
_add("language lang languagename", "language_code", "language")
_add("languagecode langcode", "language_code")
_add("currency currencycode", "currency_code")
_add("url website homepage link href uri webpage websiteurl profileurl", "url")
_add("avatar avatarurl image imageurl photo photourl picture pictureurl thumbnail "
     "thumbnailurl logo logourl", "image_url")  # fmt: skip
_add("domain domainname", "domain")
_add("hostname host server", "hostname")
_add("ip ipaddress ipaddr ipv4 remoteaddr remoteip clientip lastip lastloginip", "ip_address")
_add("ipv6", "ipv6")
_add("mac macaddress macaddr", "mac_address")
_add("useragent", "user_agent")
_add("slug permalink", "slug")
_add("token apikey secret accesstoken refreshtoken authtoken sessiontoken secretkey "
     "sessionkey apitoken resettoken verificationtoken", "token")  # fmt: skip
_add(
    "password passwordhash hashedpassword passwd pwd pwhash passwordhashed encryptedpassword",
    "password_hash",
)
_add("hash checksum digest sha sha256 sha1 md5 fingerprint etag", "hash")
_add("uuid guid externalid", "uuid_string")
_add("mimetype contenttype mediatype", "mime_type")
_add("filename file attachment", "file_name")
_add("path filepath", "file_path")
_add("extension ext fileextension", "file_extension")
_add("color colour", "color")
_add("hexcolor colorhex colorcode", "hex_color")
_add("productname", "product_name")
_add("sku", "sku")
_add("code reference ref ordernumber invoicenumber trackingnumber confirmationcode "
     "referencenumber", "code")  # fmt: skip
_add("iban", "iban")
_add("swift bic swiftcode", "swift")
_add("isbn isbn13", "isbn")
_add("ean upc barcode ean13", "ean")
_add("cardnumber creditcard creditcardnumber ccnumber", "credit_card")
_add("licenseplate plate numberplate", "license_plate")
_add("version semver appversion", "version", "version_number")
_add("status", "status")
_add("priority", "priority", "priority_label")
_add("title headline subject caption", "title")
_add("description summary about details excerpt abstract", "description")
_add("body content text message article html markdown", "body")
_add("bio biography aboutme profile", "bio")
_add("comment comments note notes remark remarks feedback review", "comment")
_add("tag label keyword category genre topic kind", "word")
_add("searchvector tsv documentvector", "tsvector")
_add("age", "age")
_add("quantity qty units", "quantity")
_add("stock inventory", "stock")
_add("count total", "count", "amount")
_add("rating stars", "rating")
_add("score points", "score")
_add("price unitprice cost listprice saleprice", "price")
_add("amount subtotal totalamount totalprice grandtotal", "amount")
_add("balance credit", "balance")
_add("salary wage income", "salary")
_add("fee tax shipping shippingcost", "fee")
_add("discount", "discount")
_add("percent percentage pct", "percent")
_add("rate taxrate interestrate ratio", "rate")
_add("year", "year")
_add("month", "month")
_add("day", "day")
_add("hour", "hour")
_add("weight", "weight")
_add("height", "height")
_add("width depth length", "dimension")
_add("duration durationseconds seconds elapsed", "duration")
_add("level", "level")
_add("sortorder ordering orderindex rank sequence displayorder", "position")
_add("views viewcount likes likecount clicks visits followers downloads", "popularity")
_add("port", "port")
_add("population", "population")
_add("temperature temp", "temperature")
_add("size filesize bytes", "file_size")
_add("birthdate dateofbirth dob birthday borndate", "birth_date")
_add("lastlogin lastseen lastactive lastloginat lastseenat lastactiveat", "last_seen_at")

# The last word of a longer name (``billing_city``, ``unit_price``, ``home_phone``).
_LAST: dict[str, str] = {}
for _word, _sem in {
    "email": "email", "phone": "phone", "mobile": "phone", "city": "city", "country": "country",
    "zip": "postal_code", "zipcode": "postal_code", "postcode": "postal_code",
    "url": "url", "link": "url", "domain": "domain", "ip": "ip_address", "street": "street_address",
    "address": "street_address", "state": "state", "price": "price", "amount": "amount",
    "cost": "price", "total": "amount", "balance": "balance", "fee": "fee", "tax": "fee",
    "count": "count", "quantity": "quantity", "qty": "quantity", "rating": "rating",
    "score": "score", "percent": "percent", "percentage": "percent", "rate": "rate",
    "title": "title", "description": "description", "summary": "description", "body": "body",
    "content": "body", "text": "body", "note": "comment", "notes": "comment",
    "comment": "comment", "message": "body", "token": "token", "key": "token",
    "secret": "token", "hash": "hash", "checksum": "hash", "password": "password_hash",
    "slug": "slug", "status": "status", "code": "code", "number": "code", "color": "color",
    "colour": "color", "currency": "currency_code", "timezone": "timezone", "tz": "timezone",
    "language": "language_code", "locale": "locale", "uuid": "uuid_string", "guid": "uuid_string",
    "lat": "latitude", "latitude": "latitude", "lng": "longitude", "lon": "longitude",
    "longitude": "longitude", "version": "version", "sku": "sku", "iban": "iban",
    "username": "username", "handle": "username", "label": "word", "tag": "word",
    "category": "word", "type": "word", "path": "file_path", "filename": "file_name",
    "avatar": "image_url", "image": "image_url", "photo": "image_url", "logo": "image_url",
    "year": "year", "age": "age", "weight": "weight", "height": "height", "width": "dimension",
    "length": "dimension", "duration": "duration", "seconds": "duration", "size": "file_size",
    "views": "popularity", "likes": "popularity", "position": "position", "order": "position",
    "rank": "position", "priority": "priority", "level": "level", "port": "port",
    "salary": "salary", "discount": "discount", "hostname": "hostname", "host": "hostname",
}.items():  # fmt: skip
    _LAST[_word] = _sem

_PERSON_TABLES = frozenset(
    "user person customer employee member author contact student teacher patient client "
    "agent owner staff profile driver player account guest buyer seller subscriber "
    "attendee participant candidate applicant doctor manager admin reviewer".split()
)
_COMPANY_TABLES = frozenset(
    "company organization organisation org business vendor supplier manufacturer brand firm "
    "employer agency publisher merchant partner client_company tenant store shop".split()
)
_WORD_TABLES = frozenset("tag category genre label topic keyword role permission group".split())

_NAME_CONTEXT: dict[str, str] = {}
for _t in _PERSON_TABLES:
    _NAME_CONTEXT[_t] = "full_name"
for _t in _COMPANY_TABLES:
    _NAME_CONTEXT[_t] = "company"
for _t in _WORD_TABLES:
    _NAME_CONTEXT[_t] = "word"
_NAME_CONTEXT.update(
    {
        "country": "country", "city": "city", "state": "state", "product": "product_name",
        "item": "product_name", "article": "product_name", "good": "product_name",
        "first": "first_name", "last": "last_name", "middle": "middle_name", "full": "full_name",
        "display": "full_name", "given": "first_name", "family": "last_name",
        "file": "file_name", "domain": "domain", "host": "hostname", "street": "street_name",
        "language": "language", "currency": "currency_code", "color": "color",
        "department": "department", "team": "department", "job": "job_title",
        "timezone": "timezone", "company": "company",
    }
)  # fmt: skip

_FLAG_PREFIX = frozenset(
    "is has can should allow allows enable enabled needs was did use uses show include".split()
)
_FLAG_TRUE = frozenset(
    "active enabled verified confirmed published visible available valid approved public "
    "subscribed".split()
)
_FLAG_FALSE = frozenset(
    "deleted archived banned blocked admin superuser staff suspended locked disabled "
    "hidden removed spam flagged test".split()
)

_TIME_SUFFIX = frozenset({"at", "on", "date", "time", "timestamp", "ts", "datetime", "dt", "when"})
_TIME_WORDS: dict[str, str] = {}
for _words, _sem in (
    ("created inserted added registered joined signup signed creation opened", "created_at"),
    ("updated modified changed edited lastmodified", "updated_at"),
    ("deleted removed archived cancelled canceled banned closed revoked", "deleted_at"),
    ("published posted released sent delivered shipped paid completed finished confirmed "
     "approved verified processed ordered purchased occurred happened logged recorded "
     "submitted received", "event_at"),
    ("expires expiry expiration expired due until deadline renewal", "expires_at"),
    ("birth born", "birth_date"),
    ("start starts started begin begins began from", "starts_at"),
    ("end ends ended to finish", "ends_at"),
    ("last", "last_seen_at"),
    ("hired hire employed", "hired_at"),
):  # fmt: skip
    for _w in _words.split():
        _TIME_WORDS[_w] = _sem


_ORDER_WORDS = frozenset(("order", "purchase", "shipment", "delivery", "cart"))
_PAYMENT_WORDS = frozenset(("payment", "transaction", "charge", "refund", "invoice", "payout"))


_ADDRESS_WORDS = frozenset("city zip zipcode postcode postal country street address".split())


_SHORT_FORMS: dict[str, tuple[tuple[int, str], ...]] = {
    # A name whose long form does not fit a short column means its code:
    # ``country String(2)`` holds 'FR', ``state CHAR(2)`` 'CA', ``language String(5)`` 'en'.
    "state": ((3, "state_code"),),
    "country": ((2, "country_code"), (3, "country_code3"), (7, "country_code")),
    "country_code": ((3, "country_code3"),),
    "language": ((7, "language_code"),),
    "gender": ((3, "gender_code"),),
}
