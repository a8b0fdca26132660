import time
from opbouw.core import personal_data as pd
from opbouw.privacy.services import export_create, person_erase
from tests.privacy.support import NEEDLES, text_hits
from tests.privacy.test_privacy_erasure import world  # noqa
def test_measure(world, users):
    t=time.perf_counter(); e=export_create(person=world.person, requested_by=users["worker"]); t1=time.perf_counter()-t
    t=time.perf_counter(); r=person_erase(person=world.person, erased_by=users["worker"], reason="x"); t2=time.perf_counter()-t
    t=time.perf_counter(); h=text_hits(NEEDLES); t3=time.perf_counter()-t
    print(f"\nMEASURE providers={len(pd.providers())} processings={len(pd.processings())} rules={len(pd.retention_rules())} export_s={t1:.3f} zip_bytes={e.size} rows={e.row_count} erase_s={t2:.3f} changed_tables={len(r.summary)} changed_rows={sum(r.summary.values())} search_s={t3:.2f} hits={h}")
