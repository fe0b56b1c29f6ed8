"""Reads every SDMX file of a built portal (the current folder) with sdmx1, the reference
Python parser, as .ci/run does: the structure message, each indicator's structure-specific data
against its data structure (every code in its code list, every value a number), and its
SDMX-JSON message, which must hold as many observations."""
import glob, sys
import sdmx

structure = sdmx.read_sdmx("data/sdmx/structure.xml")
dsds = structure.structure
failed = []
observations = 0
paths = sorted(glob.glob("data/indicators/*.sdmx.xml"))
for path in paths:
    indicator = path[len("data/indicators/"):-len(".sdmx.xml")]
    try:
        dsd = dsds["DSD_" + indicator]
        data = sdmx.read_sdmx(path, structure=dsd)
        obs = [o for ds in data.data for o in ds.obs]
        observations += len(obs)
        for dim in dsd.dimensions.components:
            codes = dim.local_representation.enumerated if dim.local_representation else None
            if codes is None:
                continue
            for o in obs:
                if o.key[dim.id].value not in codes:
                    raise ValueError(f"{dim.id}={o.key[dim.id].value} is not in {codes.id}")
        for o in obs:
            float(o.value)
        json_data = sdmx.read_sdmx(path[: -len("xml")] + "json")
        json_obs = sum(len(ds.obs) for ds in json_data.data)
        if len(obs) != json_obs:
            failed.append(f"{indicator}: {len(obs)} observations in SDMX-ML, {json_obs} in SDMX-JSON")
    except Exception as e:
        failed.append(f"{indicator}: {type(e).__name__}: {e}")
print(f"{len(paths)} SDMX data files ({observations} observations), {len(dsds)} structures, {len(failed)} unreadable")
for f in failed[:20]:
    print(f)
sys.exit(1 if failed or not paths else 0)
