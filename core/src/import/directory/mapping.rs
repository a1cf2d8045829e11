//! Which columns hold the directory: the same header vocabulary approach as the station
//! columns ([`crate::import::mapping`]), in a mapping of its own so the join's is unchanged.
//! The station's name is the join's [`crate::import::ColumnMapping::station_name`].

use crate::import::mapping::ColumnMapping;
use crate::import::text::normalise_name;
use crate::lang::Lang;

use super::datum::Datum;

/// A directory field.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum DirectoryField {
    /// 站点地址: the street address, kept as text.
    Address,
    /// 联系电话: the station's public telephone.
    Phone,
    /// 开放时间: the opening hours, as text.
    Hours,
    /// 驻站社工（人）: how many social workers are posted at the station.
    SocialWorkers,
    /// 服务项目: the services it offers.
    Services,
    /// 经度: longitude.
    Longitude,
    /// 纬度: latitude.
    Latitude,
    /// 经纬度 / 坐标: both in one cell.
    #[serde(rename = "lonlat")]
    LonLat,
    /// 联系人 / 负责人 / 站长: a person's name. Personal: off by default.
    Contact,
    /// 负责人手机 / 联系人电话: a person's own number. Personal: off by default.
    ContactPhone,
}

impl DirectoryField {
    /// Every field, in the order the column step lists them.
    pub const ALL: [DirectoryField; 10] = [
        DirectoryField::Address,
        DirectoryField::Phone,
        DirectoryField::Hours,
        DirectoryField::SocialWorkers,
        DirectoryField::Services,
        DirectoryField::Longitude,
        DirectoryField::Latitude,
        DirectoryField::LonLat,
        DirectoryField::Contact,
        DirectoryField::ContactPhone,
    ];

    /// The key in a recipe file and `--column`.
    pub fn key(self) -> &'static str {
        match self {
            DirectoryField::Address => "address",
            DirectoryField::Phone => "phone",
            DirectoryField::Hours => "hours",
            DirectoryField::SocialWorkers => "social_workers",
            DirectoryField::Services => "services",
            DirectoryField::Longitude => "longitude",
            DirectoryField::Latitude => "latitude",
            DirectoryField::LonLat => "lonlat",
            DirectoryField::Contact => "contact",
            DirectoryField::ContactPhone => "contact_phone",
        }
    }

    /// The field whose key is `key`.
    pub fn from_key(key: &str) -> Option<DirectoryField> {
        DirectoryField::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The field's name in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            DirectoryField::Address => lang.pick("地址", "Address"),
            DirectoryField::Phone => lang.pick("联系电话", "Telephone"),
            DirectoryField::Hours => lang.pick("开放时间", "Opening hours"),
            DirectoryField::SocialWorkers => lang.pick("驻站社工（人）", "Social workers"),
            DirectoryField::Services => lang.pick("服务项目", "Services"),
            DirectoryField::Longitude => lang.pick("经度", "Longitude"),
            DirectoryField::Latitude => lang.pick("纬度", "Latitude"),
            DirectoryField::LonLat => lang.pick("经纬度", "Coordinates"),
            DirectoryField::Contact => lang.pick("联系人", "Contact person"),
            DirectoryField::ContactPhone => lang.pick("联系人电话", "Contact's phone"),
        }
    }

    /// A person's data rather than the station's: off unless the publisher chooses it.
    pub fn is_personal(self) -> bool {
        matches!(self, DirectoryField::Contact | DirectoryField::ContactPhone)
    }

    fn spellings(self) -> &'static [&'static str] {
        match self {
            DirectoryField::Address => &[
                "站点地址",
                "地址",
                "详细地址",
                "办公地址",
                "服务地址",
                "社工站地址",
                "站点位置",
                "位置",
                "所在地址",
                "address",
            ],
            DirectoryField::Phone => &[
                "联系电话",
                "电话",
                "服务热线",
                "咨询电话",
                "办公电话",
                "站点电话",
                "服务电话",
                "值班电话",
                "热线",
                "phone",
                "telephone",
                "tel",
            ],
            DirectoryField::Hours => &[
                "开放时间",
                "服务时间",
                "办公时间",
                "开放时段",
                "工作时间",
                "hours",
                "openinghours",
            ],
            DirectoryField::SocialWorkers => &[
                "驻站社工(人)",
                "驻站社工",
                "驻站社工人数",
                "社工人数",
                "驻站人员(人)",
                "驻站人数",
                "社工(人)",
                "工作人员数",
                "socialworkers",
            ],
            DirectoryField::Services => &[
                "服务项目",
                "服务内容",
                "主要服务",
                "服务领域",
                "服务事项",
                "services",
            ],
            DirectoryField::Longitude => &[
                "经度",
                "东经",
                "高德经度",
                "百度经度",
                "gps经度",
                "经度(wgs84)",
                "经度(gcj02)",
                "经度(bd09)",
                "lng",
                "lon",
                "longitude",
                "x",
            ],
            DirectoryField::Latitude => &[
                "纬度",
                "北纬",
                "高德纬度",
                "百度纬度",
                "gps纬度",
                "纬度(wgs84)",
                "纬度(gcj02)",
                "纬度(bd09)",
                "lat",
                "latitude",
                "y",
            ],
            DirectoryField::LonLat => &[
                "经纬度",
                "坐标",
                "经纬度坐标",
                "地理坐标",
                "位置坐标",
                "百度坐标",
                "高德坐标",
                "gps坐标",
                "坐标(经度,纬度)",
                "坐标(纬度,经度)",
                "经纬度(百度)",
                "经纬度(高德)",
                "coordinates",
                "lnglat",
                "lonlat",
            ],
            DirectoryField::Contact => &[
                "联系人",
                "负责人",
                "站长",
                "负责人姓名",
                "联系人姓名",
                "站点负责人",
                "contact",
            ],
            DirectoryField::ContactPhone => &[
                "负责人手机",
                "负责人电话",
                "联系人电话",
                "联系人手机",
                "站长电话",
                "站长手机",
                "手机",
                "手机号",
                "手机号码",
                "mobile",
            ],
        }
    }
}

/// The directory's columns, by index into the header; `None` where the table has none.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DirectoryMapping {
    /// Field → column.
    pub columns: std::collections::BTreeMap<DirectoryField, usize>,
}

impl DirectoryMapping {
    /// The column of `field`.
    pub fn get(&self, field: DirectoryField) -> Option<usize> {
        self.columns.get(&field).copied()
    }

    /// Maps `field` to `column` (a column serves one field: another holding it lets go).
    pub fn set(&mut self, field: DirectoryField, column: Option<usize>) {
        self.columns
            .retain(|f, c| *f == field || Some(*c) != column);
        match column {
            Some(c) => self.columns.insert(field, c),
            None => self.columns.remove(&field),
        };
    }

    /// True when the table has no directory column at all.
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }
}

fn header_key(raw: &str) -> String {
    normalise_name(raw).replace(['_', '-', ' '], "")
}

/// Guesses the directory's columns from the header, leaving the join's columns to it: exact
/// spellings first, then a header that contains a spelling of a few characters (站点详细地址,
/// 社工站联系电话), so a bureau's longer words still find their field.
pub fn guess_directory_mapping(headers: &[String], join: &ColumnMapping) -> DirectoryMapping {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let mut taken: Vec<bool> = (0..keys.len())
        .map(|i| {
            crate::import::mapping::Field::ALL
                .iter()
                .any(|f| join.get(*f) == Some(i))
        })
        .collect();
    let mut mapping = DirectoryMapping::default();
    // Personal phone columns first, so 联系人电话 is not read as the station's 电话, and the
    // one-cell coordinates before the two columns.
    let order = [
        DirectoryField::ContactPhone,
        DirectoryField::Contact,
        DirectoryField::LonLat,
        DirectoryField::Longitude,
        DirectoryField::Latitude,
        DirectoryField::Address,
        DirectoryField::Phone,
        DirectoryField::Hours,
        DirectoryField::SocialWorkers,
        DirectoryField::Services,
    ];
    for exact in [true, false] {
        for field in order {
            if mapping.get(field).is_some() {
                continue;
            }
            let spellings: Vec<String> = field.spellings().iter().map(|s| header_key(s)).collect();
            let found = keys.iter().enumerate().position(|(i, k)| {
                !taken[i]
                    && !k.is_empty()
                    && spellings.iter().any(|s| {
                        if exact {
                            s == k
                        } else {
                            // Only the longer, Chinese spellings are looked for inside a header:
                            // "x" or "tel" inside a word means nothing.
                            s.chars().count() >= 2 && !s.is_ascii() && k.contains(s.as_str())
                        }
                    })
            });
            if let Some(i) = found {
                taken[i] = true;
                mapping.set(field, Some(i));
            }
        }
    }
    mapping
}

/// What the header words say of the datum: 百度/BD09 → BD-09; 高德/腾讯/GCJ/火星 → GCJ-02;
/// GPS/WGS84/天地图/2000 → WGS84. `None` when the coordinate headers name none, or name two.
pub fn header_datum(headers: &[String], mapping: &DirectoryMapping) -> Option<(Datum, String)> {
    let coordinate_fields = [
        DirectoryField::Longitude,
        DirectoryField::Latitude,
        DirectoryField::LonLat,
    ];
    let mut found: Option<(Datum, String)> = None;
    for field in coordinate_fields {
        let Some(header) = mapping.get(field).and_then(|i| headers.get(i)) else {
            continue;
        };
        let key = header_key(header);
        let datum = if ["百度", "bd09", "baidu"].iter().any(|w| key.contains(w)) {
            Datum::Bd09
        } else if ["高德", "腾讯", "gcj", "火星", "amap"]
            .iter()
            .any(|w| key.contains(w))
        {
            Datum::Gcj02
        } else if ["gps", "wgs", "天地图", "2000", "cgcs"]
            .iter()
            .any(|w| key.contains(w))
        {
            Datum::Wgs84
        } else {
            continue;
        };
        match &found {
            Some((d, _)) if *d != datum => return None,
            Some(_) => {}
            None => found = Some((datum, header.clone())),
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn bureau_directory_headers() {
        let h = headers(&[
            "序号",
            "乡镇（街道）",
            "站点名称",
            "站点地址",
            "联系电话",
            "开放时间",
            "驻站社工（人）",
            "服务项目",
            "经度",
            "纬度",
            "负责人",
            "负责人手机",
            "建设情况",
        ]);
        let join = crate::import::guess_mapping(&h);
        let m = guess_directory_mapping(&h, &join);
        use DirectoryField::*;
        let got: Vec<(DirectoryField, usize)> = m.columns.iter().map(|(f, c)| (*f, *c)).collect();
        assert_eq!(
            got,
            [
                (Address, 3),
                (Phone, 4),
                (Hours, 5),
                (SocialWorkers, 6),
                (Services, 7),
                (Longitude, 8),
                (Latitude, 9),
                (Contact, 10),
                (ContactPhone, 11)
            ]
        );
        assert_eq!(header_datum(&h, &m), None);
    }

    #[test]
    fn other_words_and_one_coordinate_cell() {
        let h = headers(&[
            "所属乡镇",
            "社工站详细地址",
            "服务热线",
            "服务时间",
            "社工人数",
            "百度坐标",
            "联系人电话",
            "状态",
        ]);
        let join = crate::import::guess_mapping(&h);
        let m = guess_directory_mapping(&h, &join);
        use DirectoryField::*;
        assert_eq!(
            (
                m.get(Address),
                m.get(Phone),
                m.get(Hours),
                m.get(SocialWorkers)
            ),
            (Some(1), Some(2), Some(3), Some(4))
        );
        assert_eq!((m.get(LonLat), m.get(ContactPhone)), (Some(5), Some(6)));
        assert_eq!(header_datum(&h, &m).map(|(d, _)| d), Some(Datum::Bd09));
        let h = headers(&["乡镇", "状态", "高德经度", "高德纬度"]);
        let m = guess_directory_mapping(&h, &crate::import::guess_mapping(&h));
        assert_eq!(header_datum(&h, &m).map(|(d, _)| d), Some(Datum::Gcj02));
    }
}
